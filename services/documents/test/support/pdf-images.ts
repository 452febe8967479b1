import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFObject,
  PDFRef,
} from 'pdf-lib';

/** An image XObject of a PDF page, decoded to RGBA pixels (8 bits per channel). */
export interface PageImage {
  name: string;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

function filters(dict: PDFDict): string[] {
  const filter = dict.lookup(PDFName.of('Filter'));
  if (filter instanceof PDFName) return [filter.asString()];
  if (filter instanceof PDFArray) return filter.asArray().map((f) => (f as PDFName).asString());
  return [];
}

function numberOf(dict: PDFDict, key: string): number {
  const value = dict.lookup(PDFName.of(key));
  if (!(value instanceof PDFNumber)) throw new Error(`image has no numeric /${key}`);
  return value.asNumber();
}

/** The samples of an image stream: only FlateDecode (what pdf-lib writes) without predictors. */
function samples(stream: PDFRawStream): Buffer {
  const applied = filters(stream.dict);
  if (applied.some((f) => f !== '/FlateDecode')) throw new Error(`unsupported filters ${applied.join(' ')}`);
  if (stream.dict.lookup(PDFName.of('DecodeParms'))) throw new Error('predictors are not supported');
  let data = Buffer.from(stream.contents);
  for (let i = 0; i < applied.length; i++) data = inflateSync(data);
  return data;
}

function components(stream: PDFRawStream): number {
  const space = stream.dict.lookup(PDFName.of('ColorSpace'));
  if (space instanceof PDFName) {
    if (space.asString() === '/DeviceRGB') return 3;
    if (space.asString() === '/DeviceGray') return 1;
  }
  throw new Error(`unsupported colour space ${String(space)}`);
}

/** Every image XObject in the resources of page `pageIndex`, decoded to RGBA (with its /SMask as alpha). */
export async function pageImages(pdfBytes: Uint8Array, pageIndex = 0): Promise<PageImage[]> {
  const pdf = await PDFDocument.load(pdfBytes);
  const page = pdf.getPage(pageIndex);
  const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
  if (!(xobjects instanceof PDFDict)) return [];
  const images: PageImage[] = [];
  for (const [name, ref] of xobjects.entries()) {
    const object: PDFObject | undefined = ref instanceof PDFRef ? pdf.context.lookup(ref) : ref;
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const width = numberOf(object.dict, 'Width');
    const height = numberOf(object.dict, 'Height');
    if (numberOf(object.dict, 'BitsPerComponent') !== 8) throw new Error('only 8-bit images are supported');
    const n = components(object);
    const data = samples(object);
    if (data.length !== width * height * n) throw new Error(`image ${name.asString()} has a wrong length`);
    let alpha: Buffer | undefined;
    const smask = object.dict.lookup(PDFName.of('SMask'));
    if (smask instanceof PDFRawStream) alpha = samples(smask);
    if (alpha && alpha.length !== width * height)
      throw new Error(`image ${name.asString()} has a wrong mask`);
    const rgba = new Uint8ClampedArray(width * height * 4);
    // every index below is in range: the lengths of data and alpha are checked above
    for (let p = 0; p < width * height; p++) {
      rgba[p * 4] = data[p * n]!;
      rgba[p * 4 + 1] = data[p * n + (n === 3 ? 1 : 0)]!;
      rgba[p * 4 + 2] = data[p * n + (n === 3 ? 2 : 0)]!;
      rgba[p * 4 + 3] = alpha ? alpha[p]! : 255;
    }
    images.push({ name: name.asString(), width, height, rgba });
  }
  return images;
}

/** The texts of all QR codes found in the images of page `pageIndex` (decoded with jsQR). */
export async function qrCodesOnPage(pdfBytes: Uint8Array, pageIndex = 0): Promise<string[]> {
  const found: string[] = [];
  for (const image of await pageImages(pdfBytes, pageIndex)) {
    const code = jsQR(image.rgba, image.width, image.height);
    if (code) found.push(code.data);
  }
  return found;
}
