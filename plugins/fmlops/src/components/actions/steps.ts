/** Parses canary steps typed as "10, 50, 100"; returns the steps or why they are invalid. */
export function parseCanarySteps(
  text: string,
): { steps: number[] } | { error: string } {
  const parts = text
    .split(/[\s,]+/)
    .map(p => p.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    return { error: 'Give at least one step, ending at 100.' };
  }
  const steps = parts.map(Number);
  if (steps.some(s => !Number.isInteger(s) || s <= 0 || s > 100)) {
    return { error: 'Steps are whole percentages from 1 to 100.' };
  }
  for (let i = 1; i < steps.length; i++) {
    if (steps[i] <= steps[i - 1]) {
      return { error: 'Steps must increase.' };
    }
  }
  if (steps[steps.length - 1] !== 100) {
    return { error: 'The last step must be 100.' };
  }
  return { steps };
}
