/**
 * Requests signed for an AWS service other than the ones Keyless serves (STS, IAM): recognised by
 * the service in their SigV4 credential scope and answered with that service's own error shape,
 * naming the endpoint variable that sends the service elsewhere.
 */
package dev.keyless.aws.elsewhere;
