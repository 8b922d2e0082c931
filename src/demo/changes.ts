// The commits the demo makes to the sample app, one per pull request in the story.

const MODELS_HEAD =
  "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=200)\n    price_cents = models.PositiveIntegerField()\n    description = models.TextField(blank=True, null=True)\n\n\nclass Order(models.Model):\n    product = models.ForeignKey(Product, on_delete=models.PROTECT)\n";

/** #7: a nullable column, safe for the code still serving (expand). */
export const ADD_DESCRIPTION = {
  "shop/models.py": `${MODELS_HEAD}    quantity = models.PositiveIntegerField(default=1)\n    created_at = models.DateTimeField(auto_now_add=True)\n`,
  "shop/migrations/0002_product_description.py":
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0001_initial")]\n\n    operations = [\n        migrations.AddField(model_name="product", name="description", field=models.TextField(blank=True, null=True)),\n    ]\n',
};

/** #8: a homepage that works once, then fails: it passes the checks at 0% and breaks at the canary. */
export const BREAK_HOMEPAGE = {
  "shop/views.py":
    'import os\n\nfrom django.http import HttpResponse, JsonResponse\n\nfrom shop.models import Product\n\n_served = {"count": 0}\n\n\ndef healthz(request):\n    return HttpResponse("ok", content_type="text/plain")\n\n\ndef index(request):\n    _served["count"] += 1\n    if _served["count"] > 1:\n        return HttpResponse("the new pricing code crashed", status=500)\n    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})\n',
};

const HEALTHY_VIEWS =
  'import os\n\nfrom django.http import HttpResponse, JsonResponse\n\nfrom shop.models import Product\n\n\ndef healthz(request):\n    return HttpResponse("ok", content_type="text/plain")\n\n\ndef index(request):\n    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})\n';

/** #9: reverts #8, and drops a column the running release still reads (contract). */
export const DROP_QUANTITY = {
  "shop/views.py": HEALTHY_VIEWS,
  "shop/models.py": `${MODELS_HEAD}    created_at = models.DateTimeField(auto_now_add=True)\n`,
  "shop/migrations/0003_remove_order_quantity.py":
    'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0002_product_description")]\n\n    operations = [\n        migrations.RemoveField(model_name="order", name="quantity"),\n    ]\n',
};

/**
 * #10: a hotfix on the release prod runs, with a cache that answers 500 on one request in 25
 * under load (the image's errorRatio in the emulator). Every smoke check passes; the canary
 * analysis at 10% sees the 4%.
 */
export const CHECKOUT_CACHE = {
  "shop/cache.py": '"""A per-process cache of product counts for the checkout page (#10)."""\n\n_counts: dict[str, int] = {}\n',
};
