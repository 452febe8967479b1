import fontkit from '@pdf-lib/fontkit';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

export interface DecisionLetter {
  cityName: string;
  letterhead: string[];
  reference: string;
  serviceName: string;
  applicant: { givenName: string; familyName: string };
  outcome: 'approved' | 'rejected';
  reason: string;
  decidedAt: Date;
  decidedByRole: string;
  verificationCode: string;
  verifyUrl: string;
}

const ROLE_TITLES: Readonly<Record<string, string>> = {
  clerk: 'Sachbearbeitung',
  supervisor: 'Sachgebietsleitung',
  admin: 'Verwaltung',
};

function fontPath(file: string): string {
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', file);
}

/** Splits `text` into lines no wider than `width` points (words longer than a line are broken). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Renders the decision letter (A4) with pdf-lib: DejaVu Sans embedded (every German character, subset),
 * the city's letterhead, reference, outcome, reason, date and the deciding clerk's role, and at the foot
 * the verification code with a QR code of its verification URL.
 */
@Injectable()
export class LetterRenderer {
  private readonly regular = readFileSync(fontPath('DejaVuSans.ttf'));
  private readonly bold = readFileSync(fontPath('DejaVuSans-Bold.ttf'));

  async render(letter: DecisionLetter): Promise<Buffer> {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const font = await pdf.embedFont(this.regular, { subset: true });
    const bold = await pdf.embedFont(this.bold, { subset: true });
    const date = DateTime.fromJSDate(letter.decidedAt, { zone: 'Europe/Berlin' }).toFormat('dd.MM.yyyy');
    const title =
      letter.outcome === 'approved'
        ? 'Bescheid: Ihr Antrag wird bewilligt'
        : 'Bescheid: Ihr Antrag wird abgelehnt';
    pdf.setTitle(`${title} (${letter.reference})`);
    pdf.setAuthor(letter.cityName);
    pdf.setSubject(letter.serviceName);
    pdf.setCreator('Digitales Bürgeramt');
    pdf.setProducer('Digitales Bürgeramt');
    pdf.setCreationDate(letter.decidedAt);
    pdf.setModificationDate(letter.decidedAt);

    const margin = 62;
    const width = 595.28 - 2 * margin;
    let page: PDFPage = pdf.addPage([595.28, 841.89]);
    let y = 841.89 - margin;
    const grey = rgb(0.35, 0.35, 0.35);
    const line = (
      text: string,
      options: { size?: number; f?: PDFFont; color?: ReturnType<typeof rgb> } = {},
    ) => {
      const size = options.size ?? 11;
      if (y < margin + 150) {
        page = pdf.addPage([595.28, 841.89]);
        y = 841.89 - margin;
      }
      page.drawText(text, {
        x: margin,
        y,
        size,
        font: options.f ?? font,
        color: options.color ?? rgb(0, 0, 0),
      });
      y -= size * 1.45;
    };

    line(letter.cityName, { size: 16, f: bold });
    for (const head of letter.letterhead) line(head, { size: 9, color: grey });
    y -= 8;
    page.drawLine({ start: { x: margin, y }, end: { x: margin + width, y }, thickness: 0.6, color: grey });
    y -= 28;
    line(`${letter.applicant.givenName} ${letter.applicant.familyName}`);
    y -= 16;
    line(`Datum: ${date}`, { size: 10 });
    line(`Aktenzeichen: ${letter.reference}`, { size: 10 });
    line(`Leistung: ${letter.serviceName}`, { size: 10 });
    y -= 14;
    line(title, { size: 13, f: bold });
    y -= 6;
    line(`Guten Tag ${letter.applicant.givenName} ${letter.applicant.familyName},`);
    y -= 4;
    const decision =
      letter.outcome === 'approved'
        ? `Ihrem Antrag (${letter.reference}) wird stattgegeben.`
        : `Ihr Antrag (${letter.reference}) wird abgelehnt.`;
    for (const text of wrap(decision, font, 11, width)) line(text);
    y -= 6;
    line('Begründung:', { f: bold });
    for (const text of wrap(letter.reason, font, 11, width)) line(text);
    y -= 14;
    line('Mit freundlichen Grüßen');
    line(`${letter.cityName} – ${ROLE_TITLES[letter.decidedByRole] ?? letter.decidedByRole}`);
    line('Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.', {
      size: 8,
      color: grey,
    });

    // verification block at the foot of the first page
    const first = pdf.getPage(0);
    const qr = await pdf.embedPng(
      await QRCode.toBuffer(letter.verifyUrl, {
        type: 'png',
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 240,
      }),
    );
    const qrSize = 86;
    first.drawImage(qr, { x: margin, y: margin, width: qrSize, height: qrSize });
    const tx = margin + qrSize + 14;
    first.drawText(`Prüfcode: ${letter.verificationCode}`, {
      x: tx,
      y: margin + qrSize - 14,
      size: 11,
      font: bold,
    });
    first.drawText('Echtheit prüfen:', { x: tx, y: margin + qrSize - 32, size: 9, font, color: grey });
    first.drawText(letter.verifyUrl, { x: tx, y: margin + qrSize - 45, size: 9, font, color: grey });

    return Buffer.from(await pdf.save({ useObjectStreams: false }));
  }
}
