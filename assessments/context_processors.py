from .review.workflow import ReviewStatus


def review_statuses(request):
    """`ReviewStatus` in every page's context, so templates compare a share's status with the enum."""
    return {"ReviewStatus": ReviewStatus}
