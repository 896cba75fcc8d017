/** Word lists for the generated members of the simulated lending system: names and places around Staphorst. */
export const FIRST_NAMES = [
  'Jan', 'Hendrik', 'Gerrit', 'Albert', 'Harm', 'Roelof', 'Jacob', 'Klaas', 'Willem', 'Egbert', 'Daan', 'Sem', 'Bram', 'Jelle', 'Thijs', 'Ömer',
  'Geesje', 'Aaltje', 'Hilligje', 'Jantje', 'Femke', 'Sanne', 'Lotte', 'Emma', 'Tess', 'Lieke', 'Marit', 'Anna', 'Johanna', 'Zoë', 'Fenna', 'Aïsha',
] as const;

export const PREFIXES = ['van', 'van der', 'de', 'van den', 'ter', 'te', "van 't", 'in het'] as const;

export const LAST_NAMES = [
  'Brinkman', 'Mussche', 'Prins', 'Bisschop', 'Kok', 'Lok', 'Schra', 'Huls', 'Dunnink', 'Gelderman', 'Talen', 'Bakker', 'Visscher', 'Jonker',
  'Kuiper', 'Hulst', 'Berg', 'Veen', 'Dijk', 'Vries', 'Haar', 'Kamp', 'Vegt', 'Wal', 'Post', 'Bosch', 'Yılmaz', 'Smit-Jansen',
] as const;

export const PLACES = [
  { city: 'Staphorst', postcode: 7951, streets: ['Gemeentehuisplein', 'Oude Rijksweg', 'Meestersweg', 'Churchillstraat', 'Vledderweg', 'Muldersweg', 'Ebbinge Wubbenlaan', 'Jan Tijssenweg'] },
  { city: 'Rouveen', postcode: 7954, streets: ['Oude Rijksweg', 'Nijenkampen', 'Rouveenseweg', 'Hoogeveenseweg'] },
  { city: 'IJhorst', postcode: 7955, streets: ['Dorpsstraat', 'Schoolstraat', 'De Lee', 'Hesselingen'] },
] as const;

/** Letters that Dutch postcodes use (no F, I, O, Q, U, Y); SA, SD and SS are never issued. */
export const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
export const FORBIDDEN_POSTCODE_SUFFIXES = ['SA', 'SD', 'SS'] as const;

export const BRANCHES = [
  { branchId: 'STA-HOOFD', name: 'Bibliotheek Staphorst' },
  { branchId: 'STA-IJHORST', name: 'Servicepunt IJhorst' },
  { branchId: 'STA-ROUVEEN', name: 'Servicepunt Rouveen' },
] as const;

export const TITLES = [
  { title: 'De avonden', author: 'Gerard Reve' },
  { title: 'Max Havelaar', author: 'Multatuli' },
  { title: 'Het diner', author: 'Herman Koch' },
  { title: 'De aanslag', author: 'Harry Mulisch' },
  { title: 'Tirza', author: 'Arnon Grunberg' },
  { title: 'Turks fruit', author: 'Jan Wolkers' },
  { title: 'Oorlog en terpentijn', author: 'Stefan Hertmans' },
  { title: 'De tweeling', author: 'Tessa de Loo' },
  { title: 'Boven is het stil', author: 'Gerbrand Bakker' },
  { title: 'Nijntje in de speeltuin', author: 'Dick Bruna' },
  { title: 'Kikker is verliefd', author: 'Max Velthuijs' },
  { title: 'Het gouden ei', author: 'Tim Krabbé' },
  { title: 'Kruistocht in spijkerbroek', author: 'Thea Beckman' },
  { title: 'Dorp aan de rivier', author: 'Antoon Coolen' },
] as const;

export const MATERIALS = ['boek', 'e-book', 'luisterboek', 'dvd', 'tijdschrift', 'stripboek'] as const;

export const FEE_KINDS = [
  { description: 'Te laat', centsPerDay: 25 },
  { description: 'Reserveringskosten', cents: 100 },
  { description: 'Vervangende pas', cents: 350 },
  { description: 'Schade aan materiaal', cents: 1295 },
  { description: 'Jaarabonnement volwassen', cents: 4950 },
] as const;
