// The fixture's models and migrations of each kind the issue lists, as the candidate commit
// writes them. Each migration matches its models exactly, so no case reports a missing one
// unless it means to.

interface Models {
  product?: string[];
  order?: string[];
  productMeta?: string[];
  extra?: string;
}

const PRODUCT = ["name = models.CharField(max_length=200)", "price_cents = models.PositiveIntegerField()"];
const ORDER = [
  "product = models.ForeignKey(Product, on_delete=models.PROTECT)",
  "quantity = models.PositiveIntegerField(default=1)",
  "created_at = models.DateTimeField(auto_now_add=True)",
];

export function modelsPy(m: Models = {}): string {
  const body = (fields: string[]) => fields.map((f) => `    ${f}`).join("\n");
  const meta = m.productMeta ? `\n\n    class Meta:\n${m.productMeta.map((l) => `        ${l}`).join("\n")}` : "";
  return `from django.db import models


class Product(models.Model):
${body(m.product ?? PRODUCT)}${meta}


class Order(models.Model):
${body(m.order ?? ORDER)}
${m.extra ?? ""}`;
}

export function migrationPy(
  operations: string[],
  options: { name?: string; depends?: string; atomic?: boolean; head?: string; comment?: string } = {},
): string {
  return `${options.comment ?? ""}import django.db.models.deletion
from django.db import migrations, models
${options.head ?? ""}

class Migration(migrations.Migration):
${options.atomic === false ? "    atomic = False\n" : ""}
    dependencies = [("shop", "${options.depends ?? "0001_initial"}")]

    operations = [
${operations.map((o) => `        ${o},`).join("\n")}
    ]
`;
}

const M = "shop/migrations";
const TAG = `class Tag(models.Model):
    label = models.CharField(max_length=50)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
`;

export const CASES = {
  safe: {
    "shop/models.py": modelsPy({ product: [...PRODUCT, "description = models.TextField(blank=True, null=True)"], extra: `\n\n${TAG}` }),
    [`${M}/0002_safe.py`]: migrationPy([
      'migrations.AddField(model_name="product", name="description", field=models.TextField(blank=True, null=True))',
      `migrations.CreateModel(name="Tag", fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("label", models.CharField(max_length=50)), ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product"))])`,
    ]),
  },
  dropColumn: {
    "shop/models.py": modelsPy({ order: [ORDER[0] as string, ORDER[2] as string] }),
    [`${M}/0002_drop_quantity.py`]: migrationPy(['migrations.RemoveField(model_name="order", name="quantity")']),
  },
  rename: {
    "shop/models.py": modelsPy({ product: ["title = models.CharField(max_length=200)", PRODUCT[1] as string] }),
    [`${M}/0002_rename_name.py`]: migrationPy(['migrations.RenameField(model_name="product", old_name="name", new_name="title")']),
  },
  pythonDefault: {
    "shop/models.py": modelsPy({ product: [...PRODUCT, "stock = models.PositiveIntegerField(default=0)"] }),
    [`${M}/0002_stock.py`]: migrationPy([
      'migrations.AddField(model_name="product", name="stock", field=models.PositiveIntegerField(default=0))',
    ]),
  },
  dbDefault: {
    "shop/models.py": modelsPy({ product: [...PRODUCT, "stock = models.PositiveIntegerField(db_default=0)"] }),
    [`${M}/0002_stock.py`]: migrationPy([
      'migrations.AddField(model_name="product", name="stock", field=models.PositiveIntegerField(db_default=0))',
    ]),
  },
  index: {
    "shop/models.py": modelsPy({ productMeta: ['indexes = [models.Index(fields=["name"], name="product_name_idx")]'] }),
    [`${M}/0002_name_index.py`]: migrationPy([
      'migrations.AddIndex(model_name="product", index=models.Index(fields=["name"], name="product_name_idx"))',
    ]),
  },
  concurrentIndex: {
    "shop/models.py": modelsPy({ productMeta: ['indexes = [models.Index(fields=["name"], name="product_name_idx")]'] }),
    [`${M}/0002_name_index.py`]: migrationPy(
      ['AddIndexConcurrently(model_name="product", index=models.Index(fields=["name"], name="product_name_idx"))'],
      {
        atomic: false,
        head: "from django.contrib.postgres.operations import AddIndexConcurrently\n",
      },
    ),
  },
  runPython: {
    [`${M}/0002_backfill.py`]: migrationPy(["migrations.RunPython(backfill)"], {
      head: '\n\ndef backfill(apps, schema_editor):\n    apps.get_model("shop", "Product").objects.filter(price_cents=0).update(price_cents=1)\n',
    }),
  },
  twoLeaves: {
    "shop/models.py": modelsPy({
      product: [...PRODUCT, "description = models.TextField(null=True)", "note = models.TextField(null=True)"],
    }),
    [`${M}/0002_description.py`]: migrationPy([
      'migrations.AddField(model_name="product", name="description", field=models.TextField(null=True))',
    ]),
    [`${M}/0002_note.py`]: migrationPy(['migrations.AddField(model_name="product", name="note", field=models.TextField(null=True))']),
  },
  noMigration: {
    "shop/models.py": modelsPy({ product: [...PRODUCT, "sku = models.CharField(max_length=20, null=True)"] }),
  },
};

// Issue 15's false positives and false negatives, each as a candidate commit (written from the
// issue's descriptions, not copied from any project).
const STOCK = (field: string, head = "") => ({
  "shop/models.py": `${head}${modelsPy({ product: [...PRODUCT, `stock = ${field}`] })}`,
  [`${M}/0002_stock.py`]: migrationPy([`migrations.AddField(model_name="product", name="stock", field=${field})`], { head }),
});
export const ROW_BY_ROW = `

def reprice(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.all().iterator():
        product.price_cents = product.price_cents * 2
        product.save()
`;

export const ACCURACY = {
  /** A change to choices only, with no migration: Django's state, nothing in the database. */
  choicesOnly: {
    "shop/models.py": modelsPy({
      product: ['name = models.CharField(max_length=200, choices=[("a", "A"), ("b", "B")], help_text="what it is")', PRODUCT[1] as string],
    }),
  },
  /** db_default=None on a NOT NULL column: DEFAULT NULL NOT NULL. */
  dbDefaultNone: STOCK("models.PositiveIntegerField(db_default=None)"),
  /** NOT NULL with a Python default, then given a database default by the same migration. */
  defaultLater: {
    "shop/models.py": modelsPy({ product: [...PRODUCT, "stock = models.PositiveIntegerField(default=0, db_default=0)"] }),
    [`${M}/0002_stock.py`]: migrationPy([
      'migrations.AddField(model_name="product", name="stock", field=models.PositiveIntegerField(default=0), preserve_default=False)',
      'migrations.AlterField(model_name="product", name="stock", field=models.PositiveIntegerField(default=0, db_default=0))',
    ]),
  },
  /** An immutable database default (pi()), and a volatile one (random()). */
  piDefault: STOCK("models.FloatField(db_default=Pi())", "from django.db.models.functions import Pi\n"),
  randomDefault: STOCK("models.FloatField(db_default=Random())", "from django.db.models.functions import Random\n"),
  /** A unique constraint: RW204 once, never NOT VALID advice. */
  uniqueConstraint: {
    "shop/models.py": modelsPy({ productMeta: ['constraints = [models.UniqueConstraint(fields=["name"], name="product_name_uniq")]'] }),
    [`${M}/0002_unique_name.py`]: migrationPy([
      'migrations.AddConstraint(model_name="product", constraint=models.UniqueConstraint(fields=["name"], name="product_name_uniq"))',
    ]),
  },
  /** A data migration that rewrites the whole table row by row in the migration's transaction. */
  rowByRow: {
    [`${M}/0002_reprice.py`]: migrationPy(["migrations.RunPython(reprice, migrations.RunPython.noop)"], { head: ROW_BY_ROW }),
  },
};
