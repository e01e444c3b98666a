"""Drives botocore against a Keyless AWS endpoint and prints how botocore read the answer, as JSON.

boto3 mode: a real sts.assume_role_with_web_identity call (no retries).
raw mode: sends METHOD PATH BODY with http.client, then parses the answer with botocore's own
awsQuery parser for AssumeRoleWithWebIdentity, exactly as a boto3 client does for a reply.
"""
import http.client, json, sys, urllib.parse

import boto3
import botocore.parsers
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

mode, url = sys.argv[1], sys.argv[2]
if mode == "boto3":
    token, session = sys.argv[3], sys.argv[4]
    sts = boto3.client("sts", endpoint_url=url, region_name="us-east-1",
                       config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    try:
        sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::111122223333:role/gitlab-deployer",
                                          RoleSessionName=session, WebIdentityToken=token)
        print(json.dumps({"status": 200}))
    except ClientError as e:
        meta = e.response.get("ResponseMetadata", {})
        print(json.dumps({"status": meta.get("HTTPStatusCode"), "code": e.response["Error"].get("Code"),
                          "message": e.response["Error"].get("Message"), "requestId": meta.get("RequestId")}))
else:
    method, path, body = sys.argv[3], sys.argv[4], sys.argv[5]
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request(method, path, body=body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    raw = r.read()
    model = botocore.session.get_session().get_service_model("sts")
    shape = model.operation_model("AssumeRoleWithWebIdentity").output_shape
    parsed = botocore.parsers.create_parser("query").parse(
        {"status_code": r.status, "headers": dict(r.getheaders()), "body": raw}, shape)
    meta = parsed.get("ResponseMetadata", {})
    print(json.dumps({"status": r.status, "code": parsed.get("Error", {}).get("Code"),
                      "message": parsed.get("Error", {}).get("Message"), "requestId": meta.get("RequestId"),
                      "contentType": r.getheader("Content-Type")}))
