import { describeFuzz } from './fuzz-suite';

describeFuzz('pfsense', 150);
