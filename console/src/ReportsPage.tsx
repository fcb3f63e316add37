import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas, SERIES } from './charts';
import { useConsole } from './context';
import { ApiError } from './lib/api';
import { intlLocale, translateCount, type ConsoleLocale } from './lib/i18n';
import { formatDate, formatMoney, formatShare } from './lib/format';
import { categoryLabel, channelLabel, liabilityLabel, processorLabel } from './lib/labels';
import type { Figures, ReportGroup, Summary } from './lib/types';

const BREAKDOWNS = ['category', 'processor', 'liability', 'channel', 'rule'] as const satisfies readonly ReportGroup[];
type Breakdown = (typeof BREAKDOWNS)[number];

/** `2026-12-08`: the day in the reader's calendar, not UTC's (from midnight in Paris to midnight UTC they differ, and today's cases fell outside the default period). */
const isoDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
function defaultPeriod() {
  const to = new Date();
  const from = new Date(to.getTime() - 12 * 7 * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

/** `/console/reports`: the continuous-improvement figures over a period, charted, with the CSV export. */
export function ReportsPage() {
  const { t, api, locale } = useConsole();
  const [period, setPeriod] = useState(defaultPeriod);
  const [draft, setDraft] = useState(period);
  const [breakdown, setBreakdown] = useState<Breakdown>('category');
  const [weekly, setWeekly] = useState<Summary | null>(null);
  const [grouped, setGrouped] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = (groupBy: ReportGroup) => `/v1/reports/summary?${new URLSearchParams({ from: period.from, to: period.to, groupBy }).toString()}`;
  const load = useCallback(async () => {
    try {
      const [w, g] = await Promise.all([api.get<Summary>(query('week')), api.get<Summary>(query(breakdown))]);
      setWeekly(w);
      setGrouped(g);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? [e.problem.detail, ...(e.problem.errors ?? []).map((x) => `${x.field}: ${x.reason}`)].filter(Boolean).join(' ') : String(e));
    }
  }, [api, period.from, period.to, breakdown]);
  useEffect(() => void load(), [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(draft);
  };

  const groupLabel = (key: string | null) => {
    if (key === null) return '—';
    switch (breakdown) {
      case 'category':
        return categoryLabel(key, locale);
      case 'processor':
        return processorLabel(key, locale);
      case 'liability':
        return liabilityLabel(key, locale);
      case 'channel':
        return channelLabel(key, locale);
      default:
        return key;
    }
  };

  const weeks = weekly?.groups ?? [];
  const weekLabels = weeks.map((g) => formatDate(`${g.key}T12:00:00Z`, locale));
  const charts = useMemo(() => {
    const perWeek: ChartConfiguration = {
      type: 'bar',
      data: { labels: weekLabels, datasets: [{ label: t('reports.opened'), data: weeks.map((g) => g.opened), backgroundColor: SERIES[0] }] },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: true } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
    const rates: ChartConfiguration = {
      type: 'line',
      data: {
        labels: weekLabels,
        datasets: [
          { label: t('reports.automatic'), data: weeks.map((g) => (g.automaticShare === null ? null : g.automaticShare * 100)), borderColor: SERIES[2], backgroundColor: SERIES[2] },
          { label: t('reports.slaBreach'), data: weeks.map((g) => (g.slaBreachRate === null ? null : g.slaBreachRate * 100)), borderColor: SERIES[1], backgroundColor: SERIES[1] },
          { label: t('reports.reopen'), data: weeks.map((g) => (g.reopenRate === null ? null : g.reopenRate * 100)), borderColor: SERIES[3], backgroundColor: SERIES[3] },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v} %` } } } },
    };
    const hours: ChartConfiguration = {
      type: 'line',
      data: {
        labels: weekLabels,
        datasets: [
          { label: t('reports.medianFirstDecision'), data: weeks.map((g) => g.hoursToFirstDecision.p50), borderColor: SERIES[0], backgroundColor: SERIES[0] },
          { label: t('reports.medianResolution'), data: weeks.map((g) => g.hoursToResolution.p50), borderColor: SERIES[4], backgroundColor: SERIES[4] },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    };
    const groups = grouped?.groups ?? [];
    const byGroup: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: groups.map((g) => groupLabel(g.key)),
        datasets: [
          { label: t('reports.opened'), data: groups.map((g) => g.opened), backgroundColor: SERIES[0] },
          { label: t('reports.automatic'), data: groups.map((g) => g.resolvedAutomatically), backgroundColor: SERIES[2] },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
    return { perWeek, rates, hours, byGroup };
  }, [weekly, grouped, locale, breakdown]);

  const totals = weekly?.totals;
  const csv = `/v1/reports/cases.csv?${new URLSearchParams(period).toString()}`;

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <form onSubmit={submit} className="toolbar" aria-label={t('reports.period')}>
        <label className="inline">
          {t('reports.from')} <input type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} required />
        </label>
        <label className="inline">
          {t('reports.to')} <input type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} required />
        </label>
        <button type="submit" className="primary">
          {t('reports.show')}
        </button>
        <a className="button" href={csv} download>
          {t('reports.csv')}
        </a>
      </form>
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert">
            {t('common.error', { detail: error })}
          </p>
        )}
        {weekly?.scope === 'mine' && <p className="notice">{t('reports.scopeMine')}</p>}
      </div>

      {totals && (totals.opened === 0 ? <p>{t('reports.noData')}</p> : <Tiles totals={totals} />)}

      {weeks.length > 0 && (
        <div className="chart-grid">
          <Figure title={t('reports.perWeek')} config={charts.perWeek} rows={weeks.map((g, i) => [weekLabels[i]!, String(g.opened)])} head={[t('reports.week'), t('reports.opened')]} />
          <Figure
            title={t('reports.rateOverTime')}
            config={charts.rates}
            rows={weeks.map((g, i) => [weekLabels[i]!, formatShare(g.automaticShare, locale), formatShare(g.slaBreachRate, locale), formatShare(g.reopenRate, locale)])}
            head={[t('reports.week'), t('reports.automatic'), t('reports.slaBreach'), t('reports.reopen')]}
          />
          <Figure
            title={t('reports.hoursOverTime')}
            config={charts.hours}
            rows={weeks.map((g, i) => [weekLabels[i]!, hoursIn(locale)(g.hoursToFirstDecision.p50), hoursIn(locale)(g.hoursToResolution.p50)])}
            head={[t('reports.week'), t('reports.medianFirstDecision'), t('reports.medianResolution')]}
          />
          <div className="card">
            <label className="inline">
              {t('reports.by')}{' '}
              <select value={breakdown} onChange={(e) => setBreakdown(e.target.value as Breakdown)}>
                {BREAKDOWNS.map((b) => (
                  <option key={b} value={b}>
                    {t(`reports.group.${b}`)}
                  </option>
                ))}
              </select>
            </label>
            <Figure
              title={`${t('reports.by')} ${t(`reports.group.${breakdown}`)}`}
              config={charts.byGroup}
              rows={(grouped?.groups ?? []).map((g) => [groupLabel(g.key), String(g.opened), String(g.resolvedAutomatically), formatShare(g.slaBreachRate, locale), moneyText(g.refunds, 'reports.refundLine', locale)])}
              head={[t('reports.group'), t('reports.opened'), t('reports.automatic'), t('reports.slaBreach'), t('reports.refunds')]}
              bare
            />
          </div>
        </div>
      )}
    </section>
  );
}

/** `1,6 h` / `1.6 h`: hours with one decimal, in the reader's own digits. */
const hoursIn = (locale: ConsoleLocale) => (h: number | null) => (h === null ? '—' : `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(h)} h`);
/** `5 refunds, 419,49 €` per currency: how many, and their total. */
const moneyText = (list: Figures['refunds'], kind: 'reports.refundLine' | 'reports.creditLine', locale: ConsoleLocale) =>
  list.length ? list.map((m) => translateCount(locale, kind, m.count, { amount: formatMoney({ amountMinor: m.amountMinor, currency: m.currency }, locale) })).join(' · ') : '—';

function Tiles({ totals }: { totals: Figures }) {
  const { t, locale } = useConsole();
  const hoursText = hoursIn(locale);
  const tiles: [string, string][] = [
    [t('reports.opened'), String(totals.opened)],
    [t('reports.automatic'), `${totals.resolvedAutomatically} (${formatShare(totals.automaticShare, locale)})`],
    [t('reports.firstDecision'), `${hoursText(totals.hoursToFirstDecision.p50)} / ${hoursText(totals.hoursToFirstDecision.p90)}`],
    [t('reports.resolution'), `${hoursText(totals.hoursToResolution.p50)} / ${hoursText(totals.hoursToResolution.p90)}`],
    [t('reports.slaBreach'), formatShare(totals.slaBreachRate, locale)],
    [t('reports.reopen'), formatShare(totals.reopenRate, locale)],
    [t('reports.satisfaction'), formatShare(totals.satisfactionRate, locale)],
    [t('reports.refunds'), moneyText(totals.refunds, 'reports.refundLine', locale)],
    [t('reports.credits'), moneyText(totals.credits, 'reports.creditLine', locale)],
    [t('reports.outcomes'), Object.entries(totals.outcomes).map(([k, n]) => `${k in OUTCOME_KEYS ? t(OUTCOME_KEYS[k]!) : k}${t('common.colon')}${n}`).join(' · ') || '—'],
  ];
  return (
    <dl className="tiles">
      {tiles.map(([k, v]) => (
        <div key={k} className="tile">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const OUTCOME_KEYS: Record<string, Parameters<ReturnType<typeof useConsole>['t']>[0]> = {
  REFUND: 'action.REFUND',
  ACCOUNT_CREDIT: 'action.ACCOUNT_CREDIT',
  EXPLAIN: 'action.EXPLAIN',
  DENY: 'action.DENY',
  REQUEST_INFO: 'action.REQUEST_INFO',
  RAISE_WITH_PROCESSOR: 'action.RAISE_WITH_PROCESSOR',
  ESCALATE: 'action.ESCALATE',
  NONE: 'reports.outcomeNone',
};

function Figure({ title, config, head, rows, bare }: { title: string; config: ChartConfiguration; head: string[]; rows: string[][]; bare?: boolean }) {
  const { t } = useConsole();
  const body = (
    <>
      <h2>{title}</h2>
      <ChartCanvas config={config} label={title} />
      <details>
        <summary>{t('reports.tableOf')}</summary>
        <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <th scope="row">{r[0]}</th>
                {r.slice(1).map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </details>
    </>
  );
  return bare ? body : <figure className="card">{body}</figure>;
}
