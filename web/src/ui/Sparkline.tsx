/** A small chart of values, oldest first, scaled to their maximum (with some room above); the figures themselves are told beside it. */
export function Sparkline({
  values,
  label,
  width = 320,
  height = 64,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const top = Math.max(...values, 1e-9) * 1.15;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => (height - 1 - (v / top) * (height - 2)).toFixed(1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v)}`).join(' ');
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      {values.length > 1 && (
        <>
          <polygon points={`0,${height} ${points} ${width},${height}`} className="area" />
          <polyline points={points} fill="none" />
        </>
      )}
    </svg>
  );
}
