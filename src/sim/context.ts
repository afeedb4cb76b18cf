// Everything a request handler needs to know about the simulated cluster.
import type { AccessPolicy } from './access';
import type { FaultInjector } from './faults';
import type { ResourceRegistry } from './resources';
import type { Scenario } from './scenario';
import type { ObjectStore } from './store';

export interface SimContext {
  scenario: Scenario;
  registry: ResourceRegistry;
  store: ObjectStore;
  access: AccessPolicy;
  faults: FaultInjector;
  /** host:port clients reach the server on, for /api's serverAddressByClientCIDRs. */
  serverAddress: string;
}
