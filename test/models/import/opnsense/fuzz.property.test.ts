import { describeFuzz } from '../pfsense/fuzz-suite';

describeFuzz('opnsense', 150);
