# label: false cwe: 352 class: csrf
# Webhook exempted from CSRF, authenticated by the provider's signature instead.
import os

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers["Stripe-Signature"], os.environ["STRIPE_WEBHOOK_SECRET"]
        )
    except (KeyError, ValueError, stripe.error.SignatureVerificationError):
        return HttpResponseBadRequest()
    return HttpResponse(event["type"])
