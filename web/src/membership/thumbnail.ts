import { cardPhotoMaxBytes } from '../../../src/shared/limits.js';

/** Side of a card photo, in pixels: enough for a 4 rem circle on a dense screen. */
const side = 192;

/**
 * A square JPEG thumbnail of a picture, made in the browser (centre cropped), small enough for a
 * card: the quality goes down until it fits. Null when the file is not a picture the browser reads.
 */
export async function cardThumbnail(file: Blob): Promise<Uint8Array | null> {
  const bitmap = await createImageBitmap(file).catch(() => null);
  if (!bitmap) return null;
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const crop = Math.min(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  // A transparent picture gets a white ground rather than JPEG's black.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, side, side);
  context.drawImage(bitmap, (bitmap.width - crop) / 2, (bitmap.height - crop) / 2, crop, crop, 0, 0, side, side);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.5, 0.3]) {
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', quality));
    if (blob && blob.size <= cardPhotoMaxBytes) return new Uint8Array(await blob.arrayBuffer());
  }
  return null;
}

/** How a card photo is shown: a data URL (the page's CSP allows data: images). */
export function photoUrl(photo: Uint8Array): string {
  let binary = '';
  for (const byte of photo) binary += String.fromCharCode(byte);
  return `data:image/jpeg;base64,${btoa(binary)}`;
}
