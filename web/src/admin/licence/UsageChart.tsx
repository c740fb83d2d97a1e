/** The thresholds the site warns at (src/domain/licence.ts). */
const warningMarks = [75, 90, 100];

/**
 * A bar per measure, the share of its quota used, with the warning thresholds as marks; a bar past
 * 100 % stops at its mark. The figures themselves are told by the gauges beside it.
 */
export function UsageChart({ bars, label }: { bars: { name: string; percent: number; level: number }[]; label: string }) {
  const row = 20;
  const nameWidth = 104;
  const width = 280;
  const height = bars.length * row + 14;
  const x = (percent: number) => nameWidth + (Math.min(percent, 100) / 100) * (width - nameWidth - 12);
  return (
    <svg className="usage-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {bars.map((bar, i) => (
        <g key={bar.name} className={bar.level ? `level-${bar.level}` : undefined}>
          <text x={0} y={i * row + 15}>
            {bar.name}
          </text>
          <rect x={nameWidth} y={i * row + 4} width={Math.max(x(bar.percent) - nameWidth, 1)} height={row - 8} />
        </g>
      ))}
      {warningMarks.map((level) => (
        <g key={level} className="mark">
          <line x1={x(level)} x2={x(level)} y1={0} y2={bars.length * row} />
          <text x={x(level)} y={height - 2} textAnchor="middle">
            {level}
          </text>
        </g>
      ))}
    </svg>
  );
}
