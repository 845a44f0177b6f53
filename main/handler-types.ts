import type { CallName, CallResult, ParsedArgs } from '../preload/api';

/**
 * A function per call of the contract, taking the arguments the transport has already validated. It lives below
 * both main/handlers.ts (which assembles them) and each feature's handlers.ts (which binds its calls), so neither
 * imports the other's type.
 */
export type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => Promise<CallResult<K>> | CallResult<K> };
