/** The simulation's readable table, its go-live checklist and its chart (SVG). */
import type { ScenarioResult } from './model';
import type { AccountQuotas, QuotaKey } from './quotas';
import type { FirstDayRun } from './run';

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

/** The table the command prints: each scenario's outcome, then the five limits closest to binding. */
export function formatRun(run: FirstDayRun): string {
  const figures: [string, (result: ScenarioResult) => string][] = [
    ['dead-lettered', (r) => n(r.deadLettered)],
    ['API requests refused (429)', (r) => n(r.apiThrottled)],
    ['Lambda throttles', (r) => n(r.lambdaThrottled)],
    ['Cognito calls refused', (r) => n(r.cognitoThrottled)],
    ['table units throttled / on a hot key', (r) => `${n(r.tableThrottledUnits)} / ${n(r.hotKeyThrottledUnits)}`],
    ['PutEvents refused', (r) => n(r.putEventsThrottled)],
    ['sends refused by SES or SMS', (r) => n(r.channelRefusals)],
    ['notices delivered (e-mails / SMS parts)', (r) => `${n(r.notices)} (${n(r.emails)} / ${n(r.smsParts)})`],
    [
      'attendance notices: p95 delay; within 15 min',
      (r) => `${n(r.noticeDelayP95Minutes, 1)} min; ${n(r.attendanceNoticesWithin15Minutes * 100, 1)}%`,
    ],
    [
      'oldest message, s (stream / notices / audit / enrollment)',
      (r) => ['stream', 'notifications', 'audit', 'enrollment'].map((q) => n(r.maxQueueAgeSeconds[q] ?? 0)).join(' / '),
    ],
  ];
  const outcome = table([
    ['', ...run.scenarios.map((r) => r.label)],
    ...figures.map(([label, pick]) => [label, ...run.scenarios.map(pick)]),
  ]);
  const limits = run.scenarios.flatMap((result) =>
    result.ranked
      .slice(0, 5)
      .map((entry) => [
        result.label.split(',')[0]!,
        entry.limit,
        n(entry.peakDemand, 1),
        n(entry.capacity, 1),
        `${n(entry.ratio * 100)}%`,
        n(entry.secondsSaturated),
      ]),
  );
  return [
    `First-day simulation: ${n(run.students)} students, quotas from ${run.quotasSource}, ${n(run.reservedConcurrency)} executions reserved`,
    '',
    outcome,
    '',
    'Where it binds (peak demand per second against the limit; queues: their busiest minute):',
    '',
    table([['scenario', 'limit', 'peak demand/s', 'limit/s', 'peak ÷ limit', 'times at the limit'], ...limits]),
    '',
    `bottleneck: ${run.bottleneck}`,
    run.passes
      ? 'PASS: no message dead-lettered, no unbudgeted throttle, 95% of attendance notices within 15 minutes'
      : 'FAIL: see the rows above (dead letters, throttles, or attendance notices later than 15 minutes at p95)',
  ].join('\n');
}

/** A line of the go-live checklist: what the simulation needed of a quota, and what the district asks for. */
export interface ChecklistItem {
  readonly quota: QuotaKey;
  readonly what: string;
  readonly needs: number;
  readonly requests: number | string;
}

const NEEDS: readonly [QuotaKey, string, (peaks: Record<string, number>) => number][] = [
  ['sesProductionAccess', 'SES production access (out of the sandbox)', () => 1],
  ['sesSendsPerSecond', 'SES maximum send rate, e-mails/s', (p) => p.sesSendsPerSecond ?? 0],
  ['sesSendsPer24Hours', 'SES sending quota, e-mails per 24 hours', (p) => p.sesSendsPer24Hours ?? 0],
  ['smsOriginationIdentities', 'SMS origination identity sending to US numbers (parts/s needed)', (p) => p.smsPartsPerSecond ?? 0],
  ['smsMonthlySpendLimitUsd', 'SMS monthly spend limit, USD (21 school days like this one)', (p) => p.smsMonthlySpendLimitUsd ?? 0],
  ['cognitoUserAuthenticationPerSecond', 'Cognito UserAuthentication, requests/s', (p) => p.cognitoUserAuthenticationPerSecond ?? 0],
  [
    'cognitoRespondToAuthChallengePerSecond',
    'Cognito RespondToAuthChallenge, requests/s',
    (p) => p.cognitoRespondToAuthChallengePerSecond ?? 0,
  ],
  [
    'cognitoUserFederationPerSecond',
    'Cognito UserFederation, requests/s (staff through SAML/OIDC)',
    (p) => p.cognitoUserFederationPerSecond ?? 0,
  ],
  ['apiRequestsPerSecond', 'API Gateway throttle quota, requests/s (account, Region)', (p) => p.apiRequestsPerSecond ?? 0],
  ['lambdaConcurrency', 'Lambda concurrent executions (reservations + 100 unreserved)', (p) => p.lambdaConcurrency ?? 0],
  ['tableWriteUnitsPerSecond', 'DynamoDB table-level write throughput, WRU/s (warm 42,000)', (p) => p.tableWriteUnitsPerSecond ?? 0],
  ['putEventsRequestsPerSecond', 'EventBridge PutEvents, requests/s', (p) => p.putEventsRequestsPerSecond ?? 0],
];

/** The checklist from runs of the default district (password and federated staff sign-in), against the district's quota file. */
export function checklist(runs: readonly FirstDayRun[], quotas: AccountQuotas): ChecklistItem[] {
  const peaks: Record<string, number> = {};
  for (const run of runs) {
    for (const result of run.scenarios)
      for (const [name, value] of Object.entries(result.peaks)) peaks[name] = Math.max(peaks[name] ?? 0, value);
    peaks.lambdaConcurrency = run.reservedConcurrency + 100;
  }
  // A table at its warm throughput, not only at the modelled peak: AWS refuses the warm setting above the quota.
  peaks.tableWriteUnitsPerSecond = Math.max(peaks.tableWriteUnitsPerSecond ?? 0, 42_000);
  return NEEDS.map(([quota, what, needs]) => ({
    quota,
    what,
    needs: Math.ceil(needs(peaks)),
    requests: quota === 'smsOriginationIdentities' ? `${quotas.smsOriginationIdentities} × ${quotas.smsOriginationType}` : quotas[quota],
  }));
}

export function formatChecklist(items: readonly ChecklistItem[]): string {
  return table([
    ['Quota', 'The district needs', 'Request', 'Preflight key'],
    ...items.map((item) => [
      item.what,
      n(item.needs),
      typeof item.requests === 'number' ? n(item.requests) : item.requests,
      `\`${item.quota}\``,
    ]),
  ]);
}

/** An SVG chart of a scenario: oldest message per queue (s), throttles per second, attendance notice delay p95 (min). */
export function chartSvg(results: readonly ScenarioResult[]): string {
  const width = 900;
  const panel = 170;
  const colors: Record<string, string> = { stream: '#7f3c8d', notifications: '#e73f74', audit: '#3969ac', enrollment: '#11a579' };
  const parts: string[] = [];
  let y = 10;
  for (const result of results) {
    const xs = (second: number) => 60 + (second / (result.samples.at(-1)!.second + 60)) * (width - 80);
    const series: [string, string, (point: ScenarioResult['samples'][number]) => number, string][] = [
      ...Object.keys(colors).map(
        (queue) =>
          [
            `oldest message, ${queue} (s)`,
            'age',
            (p: ScenarioResult['samples'][number]) => p.queueAgeSeconds[queue] ?? 0,
            colors[queue]!,
          ] as [string, string, (point: ScenarioResult['samples'][number]) => number, string],
      ),
      ['throttled per second', 'throttles', (p) => p.throttledPerSecond, '#f2b701'],
      ['attendance notice delay p95 (min)', 'delay', (p) => p.noticeDelayMinutes, '#cf1c90'],
    ];
    const groups = ['age', 'throttles', 'delay'];
    parts.push(`<text x="10" y="${y + 14}" font-size="15" font-weight="bold">${result.label}</text>`);
    groups.forEach((group, index) => {
      const top = y + 24 + index * (panel + 10);
      const members = series.filter(([, g]) => g === group);
      const max = Math.max(1, ...members.flatMap(([, , pick]) => result.samples.map(pick)));
      const ys = (value: number) => top + panel - (value / max) * (panel - 20);
      parts.push(`<rect x="60" y="${top}" width="${width - 80}" height="${panel}" fill="none" stroke="#ccc"/>`);
      parts.push(
        `<text x="55" y="${top + 12}" font-size="10" text-anchor="end">${n(max, 1)}</text><text x="55" y="${top + panel}" font-size="10" text-anchor="end">0</text>`,
      );
      members.forEach(([label, , pick, color], m) => {
        const points = result.samples.map((p) => `${xs(p.second).toFixed(1)},${ys(pick(p)).toFixed(1)}`).join(' ');
        parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points}"><title>${label}</title></polyline>`);
        parts.push(`<text class="legend" x="${70 + m * 210}" y="${top + 14}" font-size="11" fill="${color}">${label}</text>`);
      });
      for (let hour = 0; hour <= 3; hour++) {
        const [h, m] = result.startClock.split(':').map(Number) as [number, number];
        parts.push(
          `<text x="${xs(hour * 3600)}" y="${top + panel + 10}" font-size="9" text-anchor="middle">${h + hour}:${String(m).padStart(2, '0')}</text>`,
        );
      }
    });
    y += 24 + 3 * (panel + 10) + 20;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
