import { useEffect, useState } from 'react';
import { qrMatrixOf, qrPathOf, type QrMatrix } from '../qrCode.ts';

type Drawing = { readonly text: string; readonly matrix: QrMatrix } | { readonly text: string; readonly failed: true };

/** A QR code of `text` (a link), drawn once its encoder has loaded; `label` says what it leads to. */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  useEffect(() => {
    let wanted = true;
    qrMatrixOf(text).then(
      (matrix) => wanted && setDrawing({ text, matrix }),
      // Without its encoder (offline after the page loaded) there is no code: the link beside it still works.
      () => wanted && setDrawing({ text, failed: true }),
    );
    return () => {
      wanted = false;
    };
  }, [text]);

  const current = drawing?.text === text ? drawing : null;
  if (!current) return <div className="qr-placeholder" aria-hidden="true" />;
  if ('failed' in current) return null;
  const side = current.matrix.length;
  return (
    <svg className="qr-code" data-testid="qr-code" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label}>
      <path d={qrPathOf(current.matrix)} />
    </svg>
  );
}
