export {
  type AddressPolicy,
  type AddressPolicyOptions,
  type AddressVerdict,
  createAddressPolicy,
} from "./address-policy.js";
export { type BlockReason, describeBlockReason } from "./block-reason.js";
export {
  BLOCKED_ADDRESS_ERROR_CODE,
  BlockedAddressError,
  findBlockedAddressError,
} from "./blocked-address-error.js";
export { checkHost, checkUrlHost, type UrlHostCheck } from "./check-url-host.js";
export { type Cidr, type CidrParseResult, cidrContains, parseCidr } from "./cidr.js";
export { type AddressClassification, classifyAddress } from "./classify-address.js";
export { createGuardedConnector } from "./guarded-connector.js";
export { createGuardedLookup, type ResolveAllAddresses } from "./guarded-lookup.js";
export { type HostLiteral, parseHostLiteral } from "./host-literal.js";
