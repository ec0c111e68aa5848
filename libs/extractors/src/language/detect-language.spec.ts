import { detectLanguage } from './detect-language';

describe('detectLanguage (franc-min)', () => {
  it('names common languages by ISO 639-3 code', () => {
    expect(detectLanguage('The harbour master logged many arrivals and noted fog near the eastern pier before dawn.')).toBe('eng');
    expect(detectLanguage('Le capitaine du port a noté beaucoup d’arrivées et du brouillard près de la jetée avant l’aube.')).toBe('fra');
    expect(detectLanguage('Der Hafenmeister verzeichnete viele Ankünfte und bemerkte vor der Morgendämmerung Nebel am Ostpier.')).toBe('deu');
    expect(detectLanguage('El capitán del puerto registró muchas llegadas y notó niebla cerca del muelle oriental antes del amanecer.')).toBe('spa');
  });

  it('says und for text too short to tell', () => {
    expect(detectLanguage('Hi there')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});
