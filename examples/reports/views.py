"""Report views for team admins."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from reports.models import NoteEvent


@require_GET
def team_activity(request):
    team = request.GET.get("team", "")
    events = NoteEvent.objects.raw(
        f"SELECT id, day, kind FROM reports_noteevent WHERE team = '{team}' ORDER BY day"
    )
    return JsonResponse({"events": [(e.day.isoformat(), e.kind) for e in events]})


@require_GET
def top_authors(request):
    rows = NoteEvent.objects.raw(
        "SELECT id, author, count(*) AS n FROM reports_noteevent WHERE team = %s "
        "GROUP BY author ORDER BY n DESC LIMIT 10",
        [request.GET.get("team", "")],
    )
    return JsonResponse({"authors": [(r.author, r.n) for r in rows]})


@csrf_exempt
@require_POST
def record_event(request):
    NoteEvent.objects.create(team=request.POST["team"], kind=request.POST["kind"])
    return JsonResponse({"recorded": True})
