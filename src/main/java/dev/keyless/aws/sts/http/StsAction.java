package dev.keyless.aws.sts.http;

import dev.keyless.aws.sts.StsOperation;
import dev.keyless.http.HttpCall;

/** One STS action (dispatch by a small map of these). */
@FunctionalInterface
public interface StsAction {
    /** {@code operation} is the parsed parameters; {@code call} the raw request (SigV4 needs it). */
    StsActionReply execute(StsOperation operation, HttpCall call);
}
