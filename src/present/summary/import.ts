// The job summary of `runway import`: the file written, what could not be reproduced, and the YAML.

export interface ImportSummary {
  environment: string;
  /** The service imported: projects/P/locations/R/services/S */
  service: string;
  file: string;
  dryRun: boolean;
  /** Live fields the YAML cannot express: kept, never touched. */
  kept: string[];
  /** How many fields a deploy of the live image would still change. */
  differences: number;
  yaml: string;
}

export function renderImportSummary(s: ImportSummary): string {
  return [
    `## Runway import: ${s.environment}`,
    "",
    `${s.dryRun ? "Would write" : "Wrote"} \`${s.file}\` from \`${s.service}\`. Secrets are Secret Manager references, never values.`,
    "",
    s.differences
      ? `**${s.differences} field(s) could not be reproduced exactly**: see the warnings.`
      : "A deploy of the live image plans no change other than the image and Runway's own labels and annotations.",
    "",
    s.kept.length
      ? `Kept as they are (not expressible in the YAML, so never touched): ${s.kept.map((k) => `\`${k}\``).join(", ")}`
      : "Every configured field is declared in the file.",
    "",
    "```yaml",
    s.yaml.trimEnd(),
    "```",
  ].join("\n");
}
