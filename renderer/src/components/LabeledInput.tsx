/** A form row: a label wrapping its input, the value a string as typed (the form parses it on submit). */
import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testid: string;
};

export function LabeledInput({ label, value, onChange, testid, ...input }: Props) {
  return (
    <label>
      {label}
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testid} />
    </label>
  );
}
