/** A modal dialog: focus moves in and is kept there, Esc closes, focus returns where it was. */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testid?: string;
  wide?: boolean;
  /** While something must not be interrupted by a stray Esc or backdrop click (nothing today); close is still offered by buttons. */
  dismissable?: boolean;
  /** A click on the dimmed backdrop closes small dialogs; long forms turn this off so a stray click loses nothing. */
  backdropCloses?: boolean;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({ title, onClose, children, footer, testid, wide, dismissable = true, backdropCloses = true }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && dismissable) {
      e.stopPropagation();
      e.preventDefault();
      onCloseRef.current();
      return;
    }
    if (e.key === 'Tab' && ref.current) {
      const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.offsetParent !== null);
      if (items.length === 0) return;
      const first = items[0] as HTMLElement;
      const last = items[items.length - 1] as HTMLElement;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && dismissable && backdropCloses) onClose();
      }}
    >
      <div
        ref={ref}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testid}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose} data-testid="dialog-close">
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>
  );
}

export interface ConfirmDialogProps {
  title: ReactNode;
  children: ReactNode;
  /** The action's own words ("Delete run and checkpoints"), never a bare "OK". */
  confirmLabel: ReactNode;
  cancelLabel?: ReactNode;
  /** Destructive actions are red. */
  tone?: 'danger' | 'primary';
  /** Which button has focus when the dialog opens (default: the first, Cancel). */
  focus?: 'cancel' | 'confirm';
  testid: string;
  confirmTestid: string;
  cancelTestid?: string;
  onCancel: () => void;
  onConfirm: () => void;
}

/** A question with two answers: cancel (also Esc or the backdrop) or the named action. */
export function ConfirmDialog(p: ConfirmDialogProps) {
  return (
    <Dialog
      title={p.title}
      onClose={p.onCancel}
      testid={p.testid}
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={p.onCancel}
            data-testid={p.cancelTestid}
            data-autofocus={p.focus === 'cancel' ? '' : undefined}
          >
            {p.cancelLabel ?? 'Cancel'}
          </button>
          <button
            type="button"
            className={`button ${p.tone === 'primary' ? 'primary' : 'danger-solid'}`}
            onClick={p.onConfirm}
            data-testid={p.confirmTestid}
            data-autofocus={p.focus === 'confirm' ? '' : undefined}
          >
            {p.confirmLabel}
          </button>
        </>
      }
    >
      {p.children}
    </Dialog>
  );
}
