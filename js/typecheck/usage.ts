// Compile-time checks of the generated types: what a TypeScript client writes must type-check,
// and what the contract forbids at the type level must not.
import type { CodeExecutionRequest, CodeExecutionResult, ResultStatus, SupportLanguage } from "../../generated/typescript/index.js";

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

// @ts-expect-error "ok" is not a ResultStatus: the drift the contract exists to catch
const drifted: ResultStatus = "ok";
// @ts-expect-error exit_code is a number
const wrongType: CodeExecutionResult = { status: "success", stdout: "", stderr: "", exit_code: "0" };

export { request, result, statuses, language, drifted, wrongType };
