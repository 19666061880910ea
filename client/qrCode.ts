/**
 * A QR code for a link, as the modules of its matrix and as one SVG path. The encoder (the `qr`
 * package) is imported on demand: only the pages that show a code download it.
 */
export type QrMatrix = readonly (readonly boolean[])[];

/** Modules of light margin around the code, as the QR standard asks, so a phone finds its edges. */
const QUIET_ZONE = 4;

/** The code's modules, dark true, the quiet zone included. */
export async function qrMatrixOf(text: string): Promise<QrMatrix> {
  const { default: encodeQR } = await import('qr');
  // Medium correction (15 %) still reads through a screen share's blur and a projector's glare.
  return encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
}

/** The dark modules as one path, one rectangle per run of dark modules in a row, one unit a module. */
export function qrPathOf(matrix: QrMatrix): string {
  const runs: string[] = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x += 1) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x += 1;
      runs.push(`M${start} ${y}h${x - start + 1}v1h${start - x - 1}z`);
    }
  });
  return runs.join('');
}
