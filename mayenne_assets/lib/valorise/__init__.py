"""What elected members and the public look at: charts (Altair, rendered offline by vl-convert as PNG and SVG),
the map of the collèges (folium, with Leaflet shipped beside the page, no CDN) and the report page of a
publication, all drawn from the validated exports."""
