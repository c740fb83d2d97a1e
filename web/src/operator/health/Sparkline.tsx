/** A small line of values, oldest first, scaled to its own maximum; the figures themselves are told beside it. */
export function Sparkline({
  values,
  label,
  width = 240,
  height = 48,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const top = Math.max(...values, 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / top) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      <line x1={0} y1={height - 1} x2={width} y2={height - 1} className="axis" />
      {values.length > 1 && <polyline points={points} fill="none" />}
    </svg>
  );
}
