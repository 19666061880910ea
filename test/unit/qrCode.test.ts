/**
 * The join link's QR code: the matrix holds the exact link (read back by jsQR, a reader written
 * apart from the encoder), and the SVG path draws exactly its dark modules.
 */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrMatrixOf, qrPathOf, type QrMatrix } from '../../client/qrCode.ts';

const PIXELS_PER_MODULE = 4;

/** Black on white pixels, as a screen would show the code. */
function read(matrix: QrMatrix): string | null {
  const side = matrix.length * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      if (!matrix[Math.floor(y / PIXELS_PER_MODULE)]![Math.floor(x / PIXELS_PER_MODULE)]) continue;
      pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}

/** The modules the path covers, from its `M x y h w v1 h-w z` runs. */
function modulesDrawnBy(path: string, side: number): boolean[][] {
  const drawn = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let column = Number(x); column < Number(x) + Number(width); column += 1) drawn[Number(y)]![column] = true;
  }
  return drawn;
}

describe('the QR code of a join link', () => {
  it.each([
    'http://127.0.0.1:3000/c/AbCdEfGhIjKlMnOpQrStUv',
    'https://clinic.example.org/c/0123456789abcdef_-ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567',
  ])('holds exactly %s', async (link) => {
    expect(read(await qrMatrixOf(link))).toBe(link);
  });

  it('leaves the quiet zone of four light modules the standard asks for', async () => {
    const matrix = await qrMatrixOf('http://127.0.0.1:3000/c/AbCdEfGhIjKl');
    const edge = [...matrix.slice(0, 4), ...matrix.slice(-4)].flat().concat(matrix.flatMap((row) => [...row.slice(0, 4), ...row.slice(-4)]));
    expect(edge.every((dark) => !dark)).toBe(true);
  });

  it('is drawn as a path that covers exactly the dark modules', async () => {
    const matrix = await qrMatrixOf('http://127.0.0.1:3000/c/AbCdEfGhIjKlMnOpQrStUv');
    const path = qrPathOf(matrix);
    expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(modulesDrawnBy(path, matrix.length)).toEqual(matrix);
  });
});
