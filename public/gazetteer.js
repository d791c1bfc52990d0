// A small gazetteer of major cities on and around the corridor that have no node of their own in the network
// (Shanghai, Hamburg, Tehran…), so that the page can offer the nearest freight terminals when a planner types
// one. Coordinates are approximate city centres after GeoNames (https://www.geonames.org/, CC BY 4.0), good to
// about 0.1°: plenty for a "nearest terminal" tens or hundreds of kilometres away. Names include the Russian and Chinese spellings
// planners type. The lookup runs in the page over the /network nodes it already has.

/** Where the coordinates come from (shown with every suggestion that uses them). */
export const GAZETTEER_SOURCE =
  'City positions: approximate city centres (about ±0.1°) after GeoNames (https://www.geonames.org/)';

/** [name, lat, lon, ...other spellings] */
const CITIES = [
  ['Shanghai', 31.22, 121.46, 'Шанхай', '上海'],
  ['Beijing', 39.91, 116.4, 'Peking', 'Пекин', '北京'],
  ['Guangzhou', 23.12, 113.25, 'Canton', 'Гуанчжоу', '广州'],
  ['Shenzhen', 22.55, 114.07, 'Шэньчжэнь', '深圳'],
  ['Ningbo', 29.88, 121.55, 'Нинбо', '宁波'],
  ['Tianjin', 39.14, 117.18, 'Тяньцзинь', '天津'],
  ['Qingdao', 36.07, 120.37, 'Циндао', '青岛'],
  ['Nanjing', 32.06, 118.78, 'Нанкин', '南京'],
  ['Hangzhou', 30.29, 120.16, 'Ханчжоу', '杭州'],
  ['Suzhou', 31.31, 120.6, 'Сучжоу', '苏州'],
  ['Hefei', 31.86, 117.28, 'Хэфэй', '合肥'],
  ['Changsha', 28.2, 112.97, 'Чанша', '长沙'],
  ['Xiamen', 24.48, 118.08, 'Сямынь', '厦门'],
  ['Dalian', 38.91, 121.6, 'Далянь', '大连'],
  ['Shenyang', 41.79, 123.43, 'Шэньян', '沈阳'],
  ['Jinan', 36.67, 116.99, 'Цзинань', '济南'],
  ['Kunming', 25.04, 102.72, 'Куньмин', '昆明'],
  ['Hong Kong', 22.28, 114.17, 'Гонконг', '香港'],
  ['Hamburg', 53.55, 10.0, 'Гамбург', '汉堡'],
  ['Rotterdam', 51.92, 4.48, 'Роттердам', '鹿特丹'],
  ['Antwerp', 51.22, 4.4, 'Antwerpen', 'Anvers', 'Антверпен', '安特卫普'],
  ['Amsterdam', 52.37, 4.89, 'Амстердам', '阿姆斯特丹'],
  ['Brussels', 50.85, 4.35, 'Bruxelles', 'Брюссель', '布鲁塞尔'],
  ['Paris', 48.85, 2.35, 'Париж', '巴黎'],
  ['Lyon', 45.75, 4.85, 'Лион', '里昂'],
  ['London', 51.51, -0.13, 'Лондон', '伦敦'],
  ['Milan', 45.46, 9.19, 'Milano', 'Милан', '米兰'],
  ['Madrid', 40.42, -3.7, 'Мадрид', '马德里'],
  ['Barcelona', 41.39, 2.16, 'Барселона', '巴塞罗那'],
  ['Zurich', 47.37, 8.55, 'Zürich', 'Цюрих', '苏黎世'],
  ['Berlin', 52.52, 13.41, 'Берлин', '柏林'],
  ['Frankfurt', 50.12, 8.68, 'Frankfurt am Main', 'Франкфурт', '法兰克福'],
  ['Prague', 50.09, 14.42, 'Praha', 'Прага', '布拉格'],
  ['Gdańsk', 54.35, 18.65, 'Gdansk', 'Гданьск', '格但斯克'],
  ['Athens', 37.98, 23.73, 'Athina', 'Афины', '雅典'],
  ['Ankara', 39.92, 32.85, 'Анкара', '安卡拉'],
  ['Tehran', 35.69, 51.42, 'Тегеран', '德黑兰'],
  ['Yerevan', 40.18, 44.51, 'Ереван', '埃里温'],
  ['Ashgabat', 37.95, 58.38, 'Ашхабад', '阿什哈巴德'],
  ['Bishkek', 42.87, 74.59, 'Бишкек', '比什凯克'],
  ['Moscow', 55.75, 37.62, 'Москва', '莫斯科'],
  ['Kyiv', 50.45, 30.52, 'Kiev', 'Киев', 'Київ', '基辅'],
];

const fold = (text) =>
  String(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** The city a typed text names, when it is one of the gazetteer's (any spelling), else undefined. */
export function findCity(text) {
  const key = fold(text);
  if (!key) return undefined;
  const row = CITIES.find(([name, , , ...others]) => [name, ...others].some((n) => fold(n) === key));
  return row ? { name: row[0], lat: row[1], lon: row[2] } : undefined;
}

const EARTH_KM = 6371.0088;
const rad = (deg) => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine). */
export function greatCircleKm(a, b) {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Node kinds where a consignment can start or end (not a bare junction or border post). */
const FREIGHT_KINDS = new Set(['terminal', 'hub', 'port', 'ferry-terminal']);

/** The `limit` freight nodes nearest to a point, nearest first, each with its distance in km. */
export function nearestTerminals(point, nodes, { limit = 3 } = {}) {
  return nodes
    .filter((n) => n.kinds.some((k) => FREIGHT_KINDS.has(k)))
    .map((node) => ({ node, km: greatCircleKm(point, node) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, limit);
}
