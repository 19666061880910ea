import { useEffect, useState } from 'react';
import type { PairingCode } from '../../../shared/crewProtocolSchemas.ts';
import { requestPairingCode } from '../../crewConnection.ts';
import { pairingLink } from '../../crewIdentity.ts';
import { crewServerNow, useCrewStore } from '../../crewStore.ts';
import { pairingCodeLifetime } from '../../crewWording.ts';
import { QrCode } from '../QrCode.tsx';
import { t } from '../../language.ts';

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
  const used = useCrewStore((state) => code !== null && state.usedPairingCodes.includes(code.code));
  useEffect(() => {
    if (!code || used) return undefined;
    const handle = window.setInterval(() => setTick((tick) => tick + 1), LIFETIME_REFRESH_MS);
    return () => window.clearInterval(handle);
  }, [code, used]);

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
  if (used) {
    return (
      <div className="pairing-used" data-testid="pairing">
        <p role="status">
          {forMember ? t('pairing.usedFor', { name: forMember.name }) : t('pairing.used')}
        </p>
        <button type="button" className="button quiet small" onClick={() => setCode(null)}>
          {t('pairing.done')}
        </button>
      </div>
    );
  }
  const expired = code.expiresAt <= crewServerNow();
  return (
    <div className="pairing" data-testid="pairing">
      <div className="pairing-qr">
        {!expired && <QrCode text={pairingLink(window.location.origin, crewId, code.code)} label={forMember ? t('pairing.qrFor', { name: forMember.name }) : t('pairing.qr')} />}
      </div>
      <div className="pairing-text">
        <p className="hint">{forMember ? t('pairing.typeFor', { name: forMember.name }) : t('pairing.type')}</p>
        <p className="pairing-code" data-testid="pairing-code">
          {code.code}
        </p>
        <p className="hint" role="status">
          {pairingCodeLifetime(code.expiresAt, crewServerNow())}
          {forMember && t('pairing.oldDevices')}
        </p>
        <div className="crew-button-row">
          {expired && (
            <button type="button" className="button secondary small" onClick={() => void show()}>
              {t('pairing.newCode')}
            </button>
          )}
          <button type="button" className="button quiet small" onClick={() => setCode(null)}>
            {t('pairing.done')}
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
      <h2 id="crew-devices-title">{t('pairing.devices')}</h2>
      <p className="hint">{t('pairing.devicesHint')}</p>
      <PairingCodePanel crewId={crewId} buttonLabel={t('pairing.addPhone')} />
    </section>
  );
}
