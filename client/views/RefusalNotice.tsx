import type { ProtocolError } from '../../shared/protocol.ts';
import { t } from '../language.ts';
import { refusalText } from '../refusalText.ts';

/** The last refused request, briefly, with a way to dismiss it: on a clinic's page and on a crew's. */
export function RefusalNotice({ notice, onDismiss }: { readonly notice: ProtocolError | null; readonly onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      <span>{refusalText(notice)}</span>
      <button type="button" className="icon-button" aria-label={t('clinicPage.dismiss')} onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
