import { useAction } from '../ui/use-action';

/** A change the console sends, after which the panel reads again what the server now holds. */
export function useChange(reload: () => Promise<unknown>) {
  const { busy, problem, run } = useAction();
  const change = (work: () => Promise<unknown>) =>
    void run(async () => {
      await work();
      await reload();
    });
  return { busy, problem, change };
}
