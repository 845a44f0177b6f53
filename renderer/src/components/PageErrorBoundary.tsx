/**
 * A page that throws while rendering says so in its place, and the rest of the window (navigation, footer, other
 * pages) keeps working. Without it React unmounts the whole window and leaves it blank.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { PAGE_FAILED } from './pageErrorPrefix';

interface Props {
  /** What the page is, for the message ("the Runs page"). */
  what: string;
  /** The address: going elsewhere clears the error, and the page there draws afresh. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The console keeps the component stack, which the box leaves out.
    console.error(`${PAGE_FAILED} ${error instanceof Error ? error.message : String(error)}`, info.componentStack);
  }

  override componentDidUpdate(prev: Props): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-box page-error" role="alert" data-testid="page-error">
        <h2>Something on {this.props.what} failed to draw</h2>
        <p>
          <code data-testid="page-error-message">{error.message}</code>
        </p>
        <p className="muted">
          Nothing was lost: the studio&apos;s data and running jobs are not affected. Other pages still work from the navigation. If it
          happens again, the developer console has the details.
        </p>
        <button type="button" onClick={() => this.setState({ error: null })} data-testid="page-error-retry">
          Try again
        </button>
      </div>
    );
  }
}
