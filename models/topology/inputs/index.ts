export type * from './types';
export { PURDUE_LEVELS } from './types';
export { parseInventoryCsv, inventoryColumn, type InventoryColumn } from './inventory-csv';
export { parseNmapXml } from './nmap';
export { parseIpAddr } from './ip-addr';
export { parseIpRoute } from './ip-route';
export { detectHostNetworking } from './detect';
export { parseSiteFile, SITE_FILE_KEYS, ZONE_KINDS, INTERNET_ZONE_NAME } from './site-file';
export {
  parsePurdueLevel,
  normaliseRole,
  parseOfferedService,
  parseConduitService,
  OT_SERVICE_NAMES,
  type ConduitService,
} from './vocabulary';
