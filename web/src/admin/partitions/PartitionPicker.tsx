/** The partition a console panel shows, chosen among those the member may see. */
export function PartitionPicker({
  id,
  label,
  partitions,
  value,
  onChange,
}: {
  id: string;
  label: string;
  partitions: readonly { id: string; name: string }[];
  value: string;
  onChange: (partitionId: string) => void;
}) {
  return (
    <div className="inline pick">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {partitions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
