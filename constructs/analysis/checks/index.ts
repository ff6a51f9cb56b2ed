import type { Check } from '../types.js';
import { applicationUid } from './application-uid.js';
import { canaryTarget } from './canary-target.js';
import { deliveryQuerySyntax } from './delivery-query-syntax.js';
import { rolloutTrafficRouting } from './rollout-traffic-routing.js';
import { routingFightsCanary } from './routing-fights-canary.js';
import { stepWeights } from './step-weights.js';
import { denyAllWithoutAllow } from './deny-all-without-allow.js';
import { destinationPortRequired } from './destination-port-required.js';
import { destinationTlsNoCa } from './destination-tls-no-ca.js';
import { duplicateObject } from './duplicate-object.js';
import { faultWithRetries } from './fault-with-retries.js';
import { hostNotInGateway } from './host-not-in-gateway.js';
import { ineffectiveMatch } from './ineffective-match.js';
import { mirrorWithoutPercentage } from './mirror-without-percentage.js';
import { mtlsConflict } from './mtls-conflict.js';
import { namespaceMultipleInjectionLabels } from './namespace-multiple-injection-labels.js';
import { namespaceNotInjected } from './namespace-not-injected.js';
import { portNameConvention } from './port-name-convention.js';
import { portTlsNoCa } from './port-tls-no-ca.js';
import { referencedBackend } from './referenced-backend.js';
import { referencedDestination } from './referenced-destination.js';
import { referencedGateway } from './referenced-gateway.js';
import { reservedPorts } from './reserved-ports.js';
import { retryBudget } from './retry-budget.js';
import { routeDenied } from './route-denied.js';
import { routeWeights } from './route-weights.js';
import { schemaValidation } from './schema-validation.js';
import { selectorMatchesNoWorkload } from './selector-matches-no-workload.js';
import { serviceEntryHttpsAsHttp } from './service-entry-https-as-http.js';
import { serviceSelectsNoPods } from './service-selects-no-pods.js';
import { subsetSelectsNoPods } from './subset-selects-no-pods.js';
import { unknownDestinationRuleHost } from './unknown-destination-rule-host.js';
import { unknownKind } from './unknown-kind.js';
import { unreachableRule } from './unreachable-rule.js';

/** Every check, in the order they run: schema first, then references, then Istio's codes, then the project's. */
export const ALL_CHECKS: readonly Check[] = [
  schemaValidation,
  unknownKind,
  referencedGateway,
  referencedDestination,
  referencedBackend,
  namespaceNotInjected,
  destinationPortRequired,
  portNameConvention,
  namespaceMultipleInjectionLabels,
  selectorMatchesNoWorkload,
  destinationTlsNoCa,
  portTlsNoCa,
  unreachableRule,
  ineffectiveMatch,
  hostNotInGateway,
  applicationUid,
  subsetSelectsNoPods,
  unknownDestinationRuleHost,
  routeWeights,
  retryBudget,
  faultWithRetries,
  mtlsConflict,
  serviceSelectsNoPods,
  reservedPorts,
  serviceEntryHttpsAsHttp,
  mirrorWithoutPercentage,
  denyAllWithoutAllow,
  rolloutTrafficRouting,
  canaryTarget,
  routingFightsCanary,
  deliveryQuerySyntax,
  stepWeights,
  routeDenied,
  duplicateObject,
];
