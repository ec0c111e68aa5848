import fc from 'fast-check';
import { franc } from 'franc-min';
import { data } from 'franc-min/data.js';
import { detectLanguage } from './detect-language';

describe('detectLanguage (franc-min models)', () => {
  it('names common languages by ISO 639-3 code', () => {
    expect(detectLanguage('The harbour master logged many arrivals and noted fog near the eastern pier before dawn.')).toBe('eng');
    expect(detectLanguage('Le capitaine du port a noté beaucoup d’arrivées et du brouillard près de la jetée avant l’aube.')).toBe('fra');
    expect(detectLanguage('Der Hafenmeister verzeichnete viele Ankünfte und bemerkte vor der Morgendämmerung Nebel am Ostpier.')).toBe('deu');
    expect(detectLanguage('El capitán del puerto registró muchas llegadas y notó niebla cerca del muelle oriental antes del amanecer.')).toBe('spa');
  });

  it('says und for text too short to tell', () => {
    expect(detectLanguage('Hi there')).toBe('und');
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('   1234567890 !!! 1234567890   ')).toBe('und');
  });

  // The inverted models must give franc's own answer, ties included.
  const franc20 = (text: string) => (text.trim().length < 20 ? 'und' : franc(text, { minLength: 20 }));

  it('answers what franc answers for texts built from every script model', () => {
    const samples: string[] = [];
    for (const languages of Object.values(data)) {
      for (const model of Object.values(languages)) {
        const trigrams = model.split('|');
        // Text made of a language's own frequent trigrams, and mixtures of two languages.
        samples.push(trigrams.slice(0, 40).join(''), trigrams.slice(100, 160).join(' '));
      }
      const all = Object.values(languages);
      for (let i = 0; i + 1 < all.length; i += 1) {
        samples.push(`${(all[i] as string).split('|').slice(0, 30).join('')} ${(all[i + 1] as string).split('|').slice(0, 30).join('')}`);
      }
    }
    samples.push('漢字のテキストと English words mixed together in one line', 'Привет, как дела? Это тест на русском языке.', 'مرحبا بكم في هذا الاختبار للغة العربية');
    for (const text of samples) expect(detectLanguage(text)).toBe(franc20(text));
  });

  it('answers what franc answers for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 300, unit: 'grapheme' }), (text) => detectLanguage(text) === franc20(text)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('the', 'de', 'la', 'und', 'el', 'пора', 'у', 'est', 'ist', 'a', 'och', '12', '!', 'ñ'), { maxLength: 80 }), (words) => {
        const text = words.join(' ');
        return detectLanguage(text) === franc20(text);
      }),
      { numRuns: 500 },
    );
    // ASCII text takes a shorter way to its script (Latin by its letters, or none): same answers.
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 300, unit: fc.constantFrom(...'abcdefghij KLMNOP qrstu 0123 .,;!?-\'"\n\t'.split('')) }), (text) => detectLanguage(text) === franc20(text)),
      { numRuns: 500 },
    );
  });
});
