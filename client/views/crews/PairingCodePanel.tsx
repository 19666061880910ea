import { useEffect, useState } from 'react';
import type { PairingCode } from '../../../shared/crewProtocolSchemas.ts';
import { requestPairingCode } from '../../crewConnection.ts';
import { pairingLink } from '../../crewIdentity.ts';
import { crewServerNow } from '../../crewStore.ts';
import { pairingCodeLifetime } from '../../crewWording.ts';
import { QrCode } from '../QrCode.tsx';

/** How often the time a code has left is said again: it is said in whole minutes. */
const LIFETIME_REFRESH_MS = 15_000;

interface PairingCodePanelProps {
  readonly crewId: string;
  /** The organiser, for a member who lost every device; absent for this member's own. */
  readonly forMember?: { readonly id: string; readonly name: string };
  readonly buttonLabel: string;
}

/**
 * A single-use code that adds a device as a member, with a QR code of the crew link carrying it:
 * a phone's camera reads it and the phone joins with no typing; or the code is typed there.
 */
export function PairingCodePanel({ crewId, forMember, buttonLabel }: PairingCodePanelProps) {
  const [code, setCode] = useState<PairingCode | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!code) return undefined;
    const handle = window.setInterval(() => setTick((tick) => tick + 1), LIFETIME_REFRESH_MS);
    return () => window.clearInterval(handle);
  }, [code]);

  const show = async () => {
    const reply = await requestPairingCode(forMember?.id);
    if (reply.ok) setCode(reply.data);
  };

  if (!code) {
    return (
      <button type="button" className="button secondary small" onClick={() => void show()}>
        {buttonLabel}
      </button>
    );
  }
  const expired = code.expiresAt <= crewServerNow();
  return (
    <div className="pairing" data-testid="pairing">
      <div className="pairing-qr">
        {!expired && <QrCode text={pairingLink(window.location.origin, crewId, code.code)} label={`QR code that adds a device as ${forMember?.name ?? 'you'}`} />}
      </div>
      <div className="pairing-text">
        <p className="hint">{forMember ? `On ${forMember.name}'s new device, open the crew link and type:` : 'Scan this with your phone, or open the crew link there and type:'}</p>
        <p className="pairing-code" data-testid="pairing-code">
          {code.code}
        </p>
        <p className="hint" role="status">
          {pairingCodeLifetime(code.expiresAt, crewServerNow())}
          {forMember && ' Their old devices stop working once it is used.'}
        </p>
        <div className="crew-button-row">
          {expired && (
            <button type="button" className="button secondary small" onClick={() => void show()}>
              Show a new code
            </button>
          )}
          <button type="button" className="button quiet small" onClick={() => setCode(null)}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}

/** This member adds a device of theirs: a phone beside the laptop, say. */
export function AddDevice({ crewId }: { readonly crewId: string }) {
  return (
    <section className="card" aria-labelledby="crew-devices-title">
      <h2 id="crew-devices-title">Your devices</h2>
      <p className="hint">A phone you add follows the crew like this device, and is taken into each session as you.</p>
      <PairingCodePanel crewId={crewId} buttonLabel="Add a phone" />
    </section>
  );
}
