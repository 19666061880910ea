import { protocolError } from '../../shared/reasons.ts';
import { refusalText } from '../refusalText.ts';

/** Said where notes would be: this page has no Web Crypto, so they cannot be sealed or opened here. */
export function NeedsHttps() {
  return (
    <p className="callout" data-testid="needs-https" role="note">
      {refusalText(protocolError('NEEDS_HTTPS'))}
    </p>
  );
}
