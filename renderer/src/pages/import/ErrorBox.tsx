/** A call's error with where it happened (file, line, field) on a line of its own. */
import { describeWhere, type ShownError } from '../../errors';

export function ErrorBox({ error, testid }: { error: ShownError; testid: string }) {
  const where = describeWhere(error.where);
  return (
    <div className="error-box" role="alert" data-testid={testid}>
      <strong>{error.context ? `${error.context} failed` : 'Failed'}:</strong> {error.message}
      {where && <div className="error-where-line">{where}</div>}
    </div>
  );
}
