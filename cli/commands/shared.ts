import { Option } from 'commander';
import { VENDOR_IDS } from '../../models/device';

export function vendorOption(): Option {
  return new Option('--vendor <vendor>', 'the vendor of every file, instead of detecting it').choices(
    VENDOR_IDS,
  );
}
