import { formatLabels, num, record, records, str, stringMap, type JsonRecord } from '../json.js';
import type { Check, FieldPath } from '../types.js';
import { PeerAuthentications } from './peer-authentication.js';

interface DisableSetting {
  readonly field: FieldPath;
  readonly port?: number;
  readonly subsetLabels: Record<string, string>;
}

function disabled(policy: JsonRecord, at: FieldPath, subsetLabels: Record<string, string>, out: DisableSetting[]): void {
  if (str(record(policy.tls).mode) === 'DISABLE') out.push({ field: [...at, 'tls', 'mode'], subsetLabels });
  records(policy.portLevelSettings).forEach((p, i) => {
    if (str(record(p.tls).mode) === 'DISABLE') out.push({ field: [...at, 'portLevelSettings', i, 'tls', 'mode'], port: num(record(p.port).number), subsetLabels });
  });
}

export const mtlsConflict: Check = {
  code: 'DAM0104',
  severity: 'Error',
  title: 'DestinationRuleDisablesStrictMtls',
  description: 'A DestinationRule sets tls.mode DISABLE for a host whose pods a PeerAuthentication puts in STRICT mTLS.',
  run({ index, report }) {
    const pas = new PeerAuthentications(index);
    if (!pas.any) return;
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      const target = host ? index.resolveHost(host, dr.namespace ?? '') : undefined;
      if (!host || !target) continue;
      const settings: DisableSetting[] = [];
      disabled(record(dr.spec.trafficPolicy), ['spec', 'trafficPolicy'], {}, settings);
      records(dr.spec.subsets).forEach((s, i) => disabled(record(s.trafficPolicy), ['spec', 'subsets', i, 'trafficPolicy'], stringMap(s.labels), settings));
      for (const setting of settings) {
        const servicePort = setting.port === undefined ? undefined : target.ports.find((p) => p.number === setting.port);
        const podPort = typeof servicePort?.targetPort === 'number' ? servicePort.targetPort : setting.port;
        const pods = index.workloadsOf(target).filter((w) => Object.entries(setting.subsetLabels).every(([k, v]) => w.labels[k] === v));
        for (const w of pods) {
          const mtls = pas.effective(w, podPort);
          if (mtls.mode !== 'STRICT') continue;
          const by = mtls.policy ? `PeerAuthentication ${mtls.policy.namespace}/${mtls.policy.name}` : 'a PeerAuthentication';
          report(
            dr,
            `tls.mode DISABLE sends plaintext to ${host}${setting.port ? ` port ${setting.port}` : ''}, but ${by} requires STRICT mTLS for its pods (${w.object.kind} ${w.object.name}${Object.keys(setting.subsetLabels).length ? `, subset ${formatLabels(setting.subsetLabels)}` : ''}): every request is refused (503, connection reset). Remove the tls setting (auto mTLS then uses ISTIO_MUTUAL) or set it to ISTIO_MUTUAL.`,
            { field: setting.field },
          );
          break;
        }
      }
    }
  },
};
