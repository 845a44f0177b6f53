/** The Review page's keys, as bound (REVIEW_KEYS). */
import { Dialog } from '../../components/Dialog';
import { REVIEW_KEYS } from './keys';

export function KeysHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Review keys" onClose={onClose} testid="rev-keys-dialog">
      <table className="shortcuts">
        <tbody>
          {REVIEW_KEYS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split(' ').map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Every save goes straight to the studio: a reload or a second reviewer never loses a judgment.</p>
    </Dialog>
  );
}
