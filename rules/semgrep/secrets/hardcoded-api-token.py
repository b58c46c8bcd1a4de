import boto3
from slack_sdk import WebClient


def s3():
    # ruleid: hardcoded-api-token
    return boto3.client("s3", aws_access_key_id="AKIA454ML6LG4TJFCZ4K", region_name="eu-west-1")


# ruleid: hardcoded-api-token
GITHUB_HEADERS = {"Authorization": "token ghp_Na1Hedcm4pMbXDuCL1mHoOsFaQfDPrAJ71fT"}


def notify(text):
    # ruleid: hardcoded-api-token
    WebClient(token="xoxb-453840191614-6100330766619-OmXRrvftva9AW7hipTgadDZF").chat_postMessage(channel="#ops", text=text)


# ruleid: hardcoded-api-token
STRIPE = "sk_live_lRJmCGmUXiAPyhzAnar3ZLt4"
# ruleid: hardcoded-api-token
MAPS_URL = "https://maps.googleapis.com/maps/api/js?key=AIzacAxYmfsB4HbQLXjjlAFbVV6q9rXxtNDFyuz"

# Near miss: the documented AWS example key id.
# ok: hardcoded-api-token
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
# ok: hardcoded-api-token
STRIPE_TEST = "sk_test_R8y4EMfAdggcG9qpVTzqA05M"
# ok: hardcoded-api-token
TOKEN_PREFIX = "ghp_"
