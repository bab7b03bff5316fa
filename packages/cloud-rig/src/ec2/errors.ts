/**
 * An EC2 API error as the real service reports it: an error code the SDK turns into the exception's name
 * (`InvalidKeyPair.NotFound`), a message, and the HTTP status.
 */
export class Ec2ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'Ec2ApiError';
  }
}
