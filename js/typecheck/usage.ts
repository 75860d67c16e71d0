// Compile-time checks of the generated types: what a TypeScript client writes must type-check,
// and what the contract forbids at the type level must not.
import type {
  ArtifactItem,
  CodeExecutionRequest,
  CodeExecutionResult,
  CodeExecutionResultV1,
  ResultStatus,
  SupportLanguage,
} from "../../generated/typescript/index.js";

const request: CodeExecutionRequest = { code_b64: "cHJpbnQoMSk=", language: "nodejs", arguments: { a: 1 } };
const result: CodeExecutionResult = {
  status: "resource_limit_exceeded",
  stdout: "",
  stderr: "Execution timeout",
  exit_code: -124,
  resource_limit_type: "time",
  time_used_ms: null,
};
const statuses: ResultStatus[] = ["success", "program_error", "program_runner_error"];
const language: SupportLanguage = request.language ?? "python";

// The latest result (version 3): artifacts and the structured value main() returned.
const chart: ArtifactItem = { name: "chart.png", mime_type: "image/png", size: 68, content_b64: "iVBORw0KGgo=" };
const latest: CodeExecutionResult = {
  status: "success",
  stdout: "",
  stderr: "",
  exit_code: 0,
  artifacts: [chart],
  result: { present: true, value: { total: 42 }, type: "json" },
};
const returned: unknown = latest.result?.present ? latest.result.value : undefined;
// Version 1, by its namespace: it says nothing about `result`, so any value is only an unknown extra field.
const seed: CodeExecutionResultV1.CodeExecutionResult = { status: "success", stdout: "", stderr: "", exit_code: 0, result: 3.5 };

// @ts-expect-error "ok" is not a ResultStatus: the drift the contract exists to catch
const drifted: ResultStatus = "ok";
// @ts-expect-error exit_code is a number
const wrongType: CodeExecutionResult = { status: "success", stdout: "", stderr: "", exit_code: "0" };
// @ts-expect-error the latest result is an object or null, never a number
const notAnObject: CodeExecutionResult = { status: "success", stdout: "", stderr: "", exit_code: 0, result: 3.5 };
// @ts-expect-error an artifact's size is a number
const badSize: ArtifactItem = { name: "a", mime_type: "text/csv", size: "12", content_b64: "" };

export { request, result, statuses, language, chart, latest, returned, seed, drifted, wrongType, notAnObject, badSize };
