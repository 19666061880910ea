/**
 * Reads a QR code the way a phone would: from the pixels on screen, not from the markup that drew
 * them. The element's screenshot is decoded with jsQR, a reader written apart from the encoder.
 */
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';

/** The text the QR code shown by `element` holds, or null if no code can be read from it. */
export async function readQrCode(element: Locator): Promise<string | null> {
  const png = await element.screenshot();
  // The page's own canvas turns the screenshot back into pixels.
  const pixels = await element.page().evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return { width: canvas.width, height: canvas.height, data: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
  }, `data:image/png;base64,${png.toString('base64')}`);
  return jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data ?? null;
}
