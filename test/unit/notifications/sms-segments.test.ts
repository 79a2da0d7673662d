import { smsParts } from '../../../domain/notifications/sms-segments';

describe('SMS parts by encoding (AWS End User Messaging SMS character limits)', () => {
  test('a GSM-7 text holds 160 characters in one part and 153 a part beyond', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
    expect(smsParts('a'.repeat(306)).parts).toBe(2);
    expect(smsParts('a'.repeat(307)).parts).toBe(3);
  });

  test('the GSM alphabet has é, ñ and ü but not á, í or ó: one of those makes the whole text UCS-2, 70 a part', () => {
    expect(smsParts('Niño, café, über').encoding).toBe('GSM-7');
    const maria = smsParts('María ausente el 2/9.');
    expect(maria.encoding).toBe('UCS-2');
    expect(smsParts('í'.repeat(70)).parts).toBe(1);
    expect(smsParts('í'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
    expect(smsParts('í'.repeat(134)).parts).toBe(2);
    expect(smsParts('í'.repeat(135)).parts).toBe(3);
  });

  test('the extension characters ([ ] { } € …) take two septets each', () => {
    expect(smsParts('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts('€'.repeat(81)).parts).toBe(2);
  });

  test('scripts outside Latin (Chinese, Armenian, Arabic) and emoji are UCS-2, counted in UTF-16 units', () => {
    expect(smsParts('缺勤2节课').encoding).toBe('UCS-2');
    expect(smsParts('բացակա').encoding).toBe('UCS-2');
    expect(smsParts('غياب').encoding).toBe('UCS-2');
    expect(smsParts('👍').units).toBe(2);
  });
});
