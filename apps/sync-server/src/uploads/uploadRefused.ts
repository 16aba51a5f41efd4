/** Why an upload was not stored: too large, empty, SVG, or not an image of an accepted type. */
export type UploadRefusal = 'too-large' | 'empty' | 'svg' | 'not-an-image';

/** An upload the store did not keep, with the sentence the uploader is shown. */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  readonly kind: UploadRefusal;

  constructor(kind: UploadRefusal, message: string) {
    super(message);
    this.kind = kind;
  }
}
