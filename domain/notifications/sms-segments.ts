/**
 * How many message parts an SMS takes, by the encoding the carrier will use. AWS End User
 * Messaging SMS ("SMS character limits", sms-voice user guide): a part holds 140 bytes; a text in
 * the GSM 03.38 alphabet (GSM-7) holds 160 characters in one part and 153 a part when split; any
 * character outside it makes the whole text UCS-2, 70 characters in one part and 67 a part when
 * split. Throughput (message parts per second) and price are both counted in parts.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Characters per part, as AWS's guide gives them. */
export const SMS_PART_CHARACTERS = {
  'GSM-7': { single: 160, split: 153 },
  'UCS-2': { single: 70, split: 67 },
} as const;

/** The GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The GSM 03.38 extension table: two septets each (an escape, then the character). */
const GSM_EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export interface SmsParts {
  readonly encoding: SmsEncoding;
  /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly parts: number;
}

/** The encoding a text needs, its length in that encoding's units, and the parts it is sent in. */
export function smsParts(text: string): SmsParts {
  let septets = 0;
  for (const character of text) {
    if (basic.has(character)) septets += 1;
    else if (extension.has(character)) septets += 2;
    else return measured('UCS-2', text.length);
  }
  return measured('GSM-7', septets);
}

function measured(encoding: SmsEncoding, units: number): SmsParts {
  const { single, split } = SMS_PART_CHARACTERS[encoding];
  return { encoding, units, parts: units <= single ? 1 : Math.ceil(units / split) };
}
