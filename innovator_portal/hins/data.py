"""England's 15 Health Innovation Networks, as loaded by the reference-data migration."""

HEALTH_INNOVATION_NETWORKS = [
    (
        "east",
        "Health Innovation East",
        "Bedfordshire, Cambridgeshire, Hertfordshire, Norfolk and Suffolk",
        "https://healthinnovationeast.co.uk/",
    ),
    (
        "east-midlands",
        "Health Innovation East Midlands",
        "Derbyshire, Leicestershire, Lincolnshire, Northamptonshire, Nottinghamshire and Rutland",
        "https://healthinnovationeastmidlands.com/",
    ),
    (
        "kent-surrey-sussex",
        "Health Innovation Kent Surrey Sussex",
        "Kent, Medway, Surrey and Sussex",
        "https://healthinnovationkss.com/",
    ),
    ("manchester", "Health Innovation Manchester", "Greater Manchester", "https://healthinnovationmanchester.com/"),
    (
        "north-east-north-cumbria",
        "Health Innovation North East and North Cumbria",
        "The North East and North Cumbria",
        "https://healthinnovationnenc.org.uk/",
    ),
    (
        "north-west-coast",
        "Health Innovation North West Coast",
        "Cheshire, Merseyside, Lancashire and South Cumbria",
        "https://www.healthinnovationnwc.nhs.uk/",
    ),
    (
        "north-west-london",
        "Health Innovation North West London",
        "North West London",
        "https://healthinnovationnwl.com/",
    ),
    (
        "oxford-thames-valley",
        "Health Innovation Oxford and Thames Valley",
        "Oxfordshire, Buckinghamshire, Berkshire and Milton Keynes",
        "https://www.healthinnovationoxford.org/",
    ),
    ("south-london", "Health Innovation Network South London", "South London", "https://healthinnovationnetwork.com/"),
    (
        "south-west",
        "Health Innovation South West",
        "Devon, Cornwall and the Isles of Scilly, and Somerset",
        "https://healthinnovationsouthwest.com/",
    ),
    (
        "uclpartners",
        "UCLPartners",
        "North Central and North East London, Bedfordshire, Hertfordshire and Essex",
        "https://uclpartners.com/",
    ),
    (
        "wessex",
        "Health Innovation Wessex",
        "Hampshire, the Isle of Wight, Dorset and south Wiltshire",
        "https://healthinnovationwessex.org.uk/",
    ),
    ("west-midlands", "Health Innovation West Midlands", "The West Midlands", "https://healthinnovationwm.org/"),
    (
        "west-of-england",
        "Health Innovation West of England",
        "Bristol, North Somerset, South Gloucestershire, Bath, Swindon, Wiltshire and Gloucestershire",
        "https://www.healthinnovationwest.org.uk/",
    ),
    (
        "yorkshire-humber",
        "Health Innovation Yorkshire & Humber",
        "Yorkshire and the Humber",
        "https://www.healthinnovationyh.org.uk/",
    ),
]
