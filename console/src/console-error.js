/** An error as the console shows it: DynamoDB's `__type` and message, exactly as they came. */
export class ConsoleError extends Error {
  constructor(type, message) {
    super(message || "");
    this.name = "ConsoleError";
    /** DynamoDB's `__type`, e.g. com.amazonaws.dynamodb.v20120810#ValidationException */
    this.type = type || "Error";
  }

  /** The type's last part: "ValidationException". */
  get shortType() {
    return this.type.split(/[#.]/).pop();
  }
}
